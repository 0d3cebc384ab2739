/**
 * <raft-cluster>: the live Raft diagram's island. It wires the markup of
 * RaftCluster.astro to a RaftDiagram (the cluster and its clock) and to the
 * drawing classes (CircleSvg, MemberTable, EventList), and drives frames with
 * requestAnimationFrame while the diagram is on screen; off screen, virtual
 * time stands still. What happens is decided in controller.ts and model.ts.
 *
 * Attributes: data-seed, the first run's seed (default 1).
 */
import { CircleSvg } from './circle-svg';
import { CLIENT, RaftDiagram } from './controller';
import { text } from './dom';
import { EventList } from './event-list';
import { MemberTable } from './member-table';
import { summaryLine } from './narration';
import { etcdctlTranscript } from './etcdctl-panel';

interface Fields {
  summary: HTMLElement;
  time: HTMLElement;
  seed: HTMLElement;
  play: HTMLButtonElement;
  failure: HTMLElement;
  etcdctl: HTMLDetailsElement;
  etcdctlOutput: HTMLElement;
}

/** ETCDCTL_REFRESH_MS is how often the etcdctl panel is recomputed (it reads every member's store). */
const ETCDCTL_REFRESH_MS = 250;

/** RaftClusterElement is the <raft-cluster> custom element; it expects the markup RaftCluster.astro renders inside it. */
export class RaftClusterElement extends HTMLElement {
  private diagram?: RaftDiagram;
  private picture?: CircleSvg;
  private table?: MemberTable;
  private events?: EventList;
  private fields?: Fields;
  private frameId = 0;
  private lastWall = 0;
  private visible = false;
  private etcdctlAt = Number.NEGATIVE_INFINITY;
  private observer?: IntersectionObserver;

  connectedCallback(): void {
    if (this.diagram) return;
    const seed = Number(this.dataset.seed ?? '1');
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const diagram = new RaftDiagram({ seed: Number.isFinite(seed) ? seed : 1, playing: !reduced });
    this.diagram = diagram;
    this.picture = new CircleSvg(this.find<SVGSVGElement>('svg.rc-picture'), diagram.members, [CLIENT]);
    this.table = new MemberTable(this.find('[data-field="members"]'), this.find('[data-field="log-header"]'), diagram.members, {
      toggleCrash: (id) => this.act(() => (diagram.isUp(id) ? diagram.crash(id) : diagram.restart(id))),
      toggleIsolate: (id) => this.act(() => (diagram.isIsolated(id) ? diagram.reconnect(id) : diagram.isolate(id))),
    });
    this.events = new EventList(this.find('[data-field="lines"]'));
    this.fields = {
      summary: this.find('[data-field="summary"]'),
      time: this.find('[data-field="time"]'),
      seed: this.find('[data-field="seed"]'),
      play: this.find('[data-action="play"]'),
      failure: this.find('[data-field="failure"]'),
      etcdctl: this.find('[data-field="etcdctl"]'),
      etcdctlOutput: this.find('[data-field="etcdctl-output"]'),
    };
    this.fields.etcdctl.addEventListener('toggle', () => this.act(() => (this.etcdctlAt = Number.NEGATIVE_INFINITY)));
    this.on('play', () => this.act(() => (diagram.playing = !diagram.playing)));
    this.on('write', () => this.act(() => diagram.write()));
    this.on('heal', () => this.act(() => diagram.heal()));
    this.on('replay', () => this.restartRun(diagram.seed));
    this.on('reset', () => this.restartRun(newSeed(diagram.seed)));
    const speed = this.find<HTMLSelectElement>('[data-control="speed"]');
    speed.value = String(diagram.speed);
    speed.addEventListener('change', () => this.act(() => diagram.setSpeed(Number(speed.value))));
    this.draw();
    this.observer = new IntersectionObserver((entries) => {
      this.visible = entries.some((e) => e.isIntersecting);
      if (this.visible) this.start();
      else this.stop();
    });
    this.observer.observe(this);
  }

  disconnectedCallback(): void {
    this.observer?.disconnect();
    this.stop();
  }

  private start(): void {
    if (this.frameId) return;
    this.lastWall = performance.now();
    this.frameId = requestAnimationFrame(this.tick);
  }

  private stop(): void {
    if (this.frameId) cancelAnimationFrame(this.frameId);
    this.frameId = 0;
  }

  private readonly tick = (wall: number): void => {
    const d = this.diagram!;
    const dt = wall - this.lastWall;
    this.lastWall = wall;
    d.frame(dt);
    this.draw();
    this.frameId = this.visible ? requestAnimationFrame(this.tick) : 0;
  };

  private act(fn: () => void): void {
    fn();
    this.draw();
  }

  private restartRun(seed: number): void {
    this.diagram!.reset(seed);
    this.picture!.clear();
    this.events!.clear();
    this.draw();
  }

  private draw(): void {
    const d = this.diagram!;
    const view = d.view();
    this.picture!.draw(view);
    this.table!.draw(view.members, d);
    this.events!.draw(view.lines);
    const f = this.fields!;
    text(f.summary, summaryLine(view));
    text(f.time, `${(view.t / 1000).toFixed(2)} s`);
    text(f.seed, String(d.seed));
    text(f.play, d.playing ? 'Pause' : 'Play');
    if (f.etcdctl.open && performance.now() - this.etcdctlAt >= ETCDCTL_REFRESH_MS) {
      this.etcdctlAt = performance.now();
      text(f.etcdctlOutput, etcdctlTranscript(d.cluster));
    }
    f.failure.hidden = !d.failure;
    text(f.failure, d.failure ? `The simulation stopped: ${d.failure}. Press Reset to start again.` : '');
  }

  private on(action: string, fn: () => void): void {
    this.find<HTMLButtonElement>(`[data-action="${action}"]`).addEventListener('click', fn);
  }

  private find<T extends Element>(selector: string): T {
    const found = this.querySelector<T>(selector);
    if (!found) throw new Error(`raft-cluster: missing ${selector} in its markup`);
    return found;
  }
}

/** newSeed draws a seed for a fresh run (the site may use real randomness; the engine never does). */
function newSeed(previous: number): number {
  let seed = previous;
  while (seed === previous) seed = 1 + Math.floor(Math.random() * 99_999);
  return seed;
}

if (!customElements.get('raft-cluster')) customElements.define('raft-cluster', RaftClusterElement);
