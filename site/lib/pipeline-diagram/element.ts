/**
 * <request-pipeline>: the request-path diagram's island. It wires the markup
 * of RequestPipeline.astro to a PipelineDiagram (controller.ts): the request
 * buttons send a request through the in-browser API server, and a timer
 * reveals its steps one at a time while playing. What happens is decided in
 * controller.ts, stages.ts and the engine; this file only draws.
 *
 * The API server is built on the reader's first request, so a page that is
 * only read pays nothing for it.
 *
 * Attributes: data-seed, the server's seed (default 1); data-step-ms, the
 * time between steps while playing (default STEP_MS).
 */
import { idleView, PipelineDiagram, type PipelineView, type StageState } from './controller';
import { text } from '../raft-diagram/dom';
import type { ScenarioId } from './scenarios';
import { stageLabel, type Step } from './stages';

/** STEP_MS is the wall time between two steps while playing. */
export const STEP_MS = 650;

const STATE_TEXT: Record<StageState, string> = {
  idle: '',
  passed: 'passed',
  stopped: 'stopped the request',
  failed: 'error',
  skipped: 'not reached',
};

interface Fields {
  title: HTMLElement;
  description: HTMLElement;
  line: HTMLElement;
  credentials: HTMLElement;
  body: HTMLElement;
  live: HTMLElement;
  steps: HTMLOListElement;
  response: HTMLElement;
  progress: HTMLElement;
  failure: HTMLElement;
  play: HTMLButtonElement;
  step: HTMLButtonElement;
  all: HTMLButtonElement;
  replay: HTMLButtonElement;
  grant: HTMLButtonElement;
}

/** RequestPipelineElement is the <request-pipeline> custom element; it expects the markup RequestPipeline.astro renders inside it. */
export class RequestPipelineElement extends HTMLElement {
  private diagramValue?: PipelineDiagram;
  private seed = 1;
  private fields?: Fields;
  private connected = false;
  private timer = 0;
  private playing = false;
  private shownSteps = 0;
  private stepMs = STEP_MS;
  private reduced = false;

  /** diagram is the diagram, built on first use. */
  private get diagram(): PipelineDiagram {
    return (this.diagramValue ??= new PipelineDiagram(this.seed));
  }

  connectedCallback(): void {
    if (this.connected) return;
    this.connected = true;
    const seed = Number(this.dataset.seed ?? '1');
    this.seed = Number.isFinite(seed) ? seed : 1;
    const stepMs = Number(this.dataset.stepMs ?? STEP_MS);
    this.stepMs = Number.isFinite(stepMs) && stepMs >= 0 ? stepMs : STEP_MS;
    this.reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.fields = {
      title: this.find('[data-field="title"]'),
      description: this.find('[data-field="description"]'),
      line: this.find('[data-field="request-line"]'),
      credentials: this.find('[data-field="credentials"]'),
      body: this.find('[data-field="body"]'),
      live: this.find('[data-field="live"]'),
      steps: this.find('[data-field="steps"]'),
      response: this.find('[data-field="response"]'),
      progress: this.find('[data-field="progress"]'),
      failure: this.find('[data-field="failure"]'),
      play: this.find('[data-action="play"]'),
      step: this.find('[data-action="step"]'),
      all: this.find('[data-action="all"]'),
      replay: this.find('[data-action="replay"]'),
      grant: this.find('[data-action="grant"]'),
    };
    for (const b of this.querySelectorAll<HTMLButtonElement>('[data-scenario]')) {
      b.addEventListener('click', () => this.send(() => this.diagram.send(b.dataset.scenario as ScenarioId)));
    }
    this.fields.grant.addEventListener('click', () => this.send(() => this.diagram.toggleGrant()));
    this.fields.play.addEventListener('click', () => (this.playing ? this.pause() : this.play()));
    this.fields.step.addEventListener('click', () => {
      this.pause();
      this.diagram.step();
      this.draw();
    });
    this.fields.all.addEventListener('click', () => {
      this.pause();
      this.diagram.showAll();
      this.draw();
    });
    this.fields.replay.addEventListener('click', () => {
      this.diagram.rewind();
      this.play();
    });
    this.find('[data-action="reset"]').addEventListener('click', () => {
      this.pause();
      this.diagramValue?.reset();
      this.draw();
    });
    for (const b of this.querySelectorAll<HTMLButtonElement>('button')) b.disabled = false;
    this.draw();
  }

  disconnectedCallback(): void {
    this.pause();
  }

  /** send runs a reader's request, then plays its steps (or waits for Step under reduced motion). */
  private send(fn: () => void): void {
    this.pause();
    try {
      fn();
    } catch (err) {
      this.fail(err);
      return;
    }
    if (this.reduced) this.draw();
    else this.play();
  }

  private play(): void {
    const d = this.diagram;
    if (d.finished) d.rewind();
    this.playing = true;
    this.tick();
  }

  private pause(): void {
    this.playing = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = 0;
    this.draw();
  }

  private readonly tick = (): void => {
    this.timer = 0;
    const d = this.diagram;
    if (!this.playing) return;
    if (!d.step()) this.playing = false;
    if (d.finished) this.playing = false;
    this.draw();
    if (this.playing) this.timer = window.setTimeout(this.tick, this.stepMs);
  };

  private draw(): void {
    const view = this.diagramValue ? this.diagramValue.view() : idleView();
    const f = this.fields!;
    const r = view.request;
    text(f.title, r ? r.label : 'No request yet');
    text(f.description, r ? r.description : 'Choose a request above: it goes through the API server running in your browser.');
    text(f.line, r ? `${r.method} ${r.target}` : '');
    text(f.credentials, r ? r.credentials : '');
    f.body.hidden = !r?.body;
    text(f.body, r?.body ?? '');
    this.drawStages(view);
    this.drawSteps(view.steps);
    text(f.live, view.live);
    text(f.progress, r ? `step ${view.steps.length} of ${view.total}` : '');
    text(f.response, view.response ?? (r ? '(not yet)' : ''));
    text(f.play, this.playing ? 'Pause' : 'Play');
    f.play.disabled = !r;
    f.step.disabled = !r || view.finished;
    f.all.disabled = !r || view.finished;
    f.replay.disabled = !r;
    text(f.grant, view.granted ? 'Revoke bob’s view' : 'Grant bob view');
  }

  private drawStages(view: PipelineView): void {
    for (const s of view.stages) {
      const li = this.find<HTMLElement>(`[data-stage="${s.id}"]`);
      if (li.dataset.state !== s.state) li.dataset.state = s.state;
      if (s.current) li.setAttribute('aria-current', 'step');
      else li.removeAttribute('aria-current');
      text(this.find(`[data-stage="${s.id}"] [data-field="state"]`), STATE_TEXT[s.state]);
      text(this.find(`[data-stage="${s.id}"] [data-field="summary"]`), s.summary);
    }
  }

  /** drawSteps appends the steps shown since the last frame; a shorter list (a new request, a replay) starts over. */
  private drawSteps(steps: readonly Step[]): void {
    const list = this.fields!.steps;
    if (steps.length < this.shownSteps) {
      list.replaceChildren();
      this.shownSteps = 0;
    }
    for (let i = this.shownSteps; i < steps.length; i++) list.appendChild(stepItem(steps[i]));
    this.shownSteps = steps.length;
    for (const [i, li] of [...list.children].entries()) li.classList.toggle('rp-step-current', i === steps.length - 1);
  }

  private fail(err: unknown): void {
    const f = this.fields!;
    f.failure.hidden = false;
    text(f.failure, `The diagram stopped: ${err instanceof Error ? err.message : String(err)}. Reload the page to start again.`);
  }

  private find<T extends Element = HTMLElement>(selector: string): T {
    const found = this.querySelector<T>(selector);
    if (!found) throw new Error(`request-pipeline: missing ${selector} in its markup`);
    return found;
  }
}

function stepItem(step: Step): HTMLLIElement {
  const li = document.createElement('li');
  li.className = `rp-step rp-step-${step.outcome}`;
  li.dataset.stepStage = step.stage;
  const head = li.appendChild(document.createElement('span'));
  head.className = 'rp-step-stage';
  head.textContent = `${stageLabel(step.stage)}: `;
  li.appendChild(document.createTextNode(step.text));
  if (step.details.length) {
    const ul = li.appendChild(document.createElement('ul'));
    for (const d of step.details) ul.appendChild(document.createElement('li')).textContent = d;
  }
  return li;
}

if (!customElements.get('request-pipeline')) customElements.define('request-pipeline', RequestPipelineElement);
