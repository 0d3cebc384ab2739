/**
 * PipelineDiagram is the diagram's state: the API server it runs, the
 * request being followed, and how many of its steps are shown. Choosing a
 * request sends it through the server at once (in virtual time the whole
 * request takes no wall time); the island then reveals its recorded steps
 * one at a time (step or play), so each stage lights up in the order the
 * request reached it. It touches no DOM: everything but the drawing is
 * tested in Node.
 */
import type { ApiRequest } from '../../../engine/apiserver/handler/types';
import { PipelineServer, type Exchange } from './assembly';
import { describeRequest, type RequestView } from './request-view';
import { scenario, type Scenario, type ScenarioId } from './scenarios';
import { STAGES, stageLabel, statusLine, walkthrough, type StageId, type Step, type Walkthrough } from './stages';

/** StageState is how a stage's box is drawn. */
export type StageState = 'idle' | 'passed' | 'stopped' | 'failed' | 'skipped';

export interface StageView {
  id: StageId;
  label: string;
  state: StageState;
  /** current is true for the stage of the step shown last, while steps remain. */
  current: boolean;
  /** summary is the latest shown step's text in this stage ("" when none). */
  summary: string;
}

/** PipelineView is everything the island draws. */
export interface PipelineView {
  /** request is the request being followed, with the scenario's label and description. */
  request?: RequestView & { label: string; description: string };
  stages: StageView[];
  /** steps are the steps shown so far; the last is the current one. */
  steps: Step[];
  /** total is the number of steps of the request. */
  total: number;
  finished: boolean;
  /** live is the sentence announced for the current step (the aria-live region). */
  live: string;
  /** response is the response as the client receives it, once the steps reached it: a JSON document, or a watch's stream lines. */
  response?: string;
  /** granted is true while bob's RoleBinding exists (the grant button then offers to revoke it). */
  granted: boolean;
}

export interface Followed {
  scenario: Scenario;
  request: ApiRequest;
  exchange: Exchange;
  walk: Walkthrough;
}

export class PipelineDiagram {
  private server: PipelineServer;
  private followed?: Followed;
  private shown = 0;
  private grantedValue = false;

  constructor(private readonly seed: number | string = 1) {
    this.server = new PipelineServer({ seed });
  }

  /** current is the request being followed (for tests and tools). */
  get current(): Followed | undefined {
    return this.followed;
  }

  /** granted is true while the RoleBinding bob-view exists. */
  get granted(): boolean {
    return this.grantedValue;
  }

  /** finished is true when every step of the current request is shown (or none is followed). */
  get finished(): boolean {
    return !this.followed || this.shown >= this.followed.walk.steps.length;
  }

  /** send prepares and sends request `id` through the server and shows none of its steps yet. */
  send(id: ScenarioId): void {
    const s = scenario(id);
    const request = s.prepare(this.server);
    const exchange = this.server.send(request);
    const walk = walkthrough(request, exchange.observations);
    this.followed = { scenario: s, request, exchange, walk };
    this.shown = 0;
    if (id === 'grant-bob-view' && walk.status === 201) this.grantedValue = true;
    if (id === 'revoke-bob-view' && walk.status === 200) this.grantedValue = false;
  }

  /** toggleGrant sends "grant bob view", or "revoke bob's view" when it is granted. */
  toggleGrant(): void {
    this.send(this.grantedValue ? 'revoke-bob-view' : 'grant-bob-view');
  }

  /** step shows one more step; it returns false when there was none left. */
  step(): boolean {
    if (this.finished) return false;
    this.shown++;
    return true;
  }

  /** showAll shows every step. */
  showAll(): void {
    if (this.followed) this.shown = this.followed.walk.steps.length;
  }

  /** rewind hides every step, to play the same request again. */
  rewind(): void {
    this.shown = 0;
  }

  /** reset starts a fresh server: the reader's objects and bob's binding are gone. */
  reset(): void {
    this.server = new PipelineServer({ seed: this.seed });
    this.followed = undefined;
    this.shown = 0;
    this.grantedValue = false;
  }

  view(): PipelineView {
    const f = this.followed;
    if (!f) return idleView(this.grantedValue);
    const steps = f.walk.steps.slice(0, this.shown);
    const finished = this.finished;
    const last = steps.at(-1);
    const stages = STAGES.map(({ id, label }): StageView => {
      const mine = steps.filter((s) => s.stage === id);
      const decisive = mine.filter((s) => s.outcome !== 'note');
      let state: StageState = mine.length ? 'passed' : finished ? 'skipped' : 'idle';
      if (id === 'response' && mine.some((s) => s.outcome === 'stop')) state = 'failed';
      else if (decisive.some((s) => s.outcome === 'stop')) state = 'stopped';
      return { id, label, state, current: !finished && last?.stage === id, summary: (decisive.at(-1) ?? mine.at(-1))?.text ?? '' };
    });
    return {
      request: { ...describeRequest(f.request), label: f.scenario.label, description: f.scenario.description },
      stages,
      steps,
      total: f.walk.steps.length,
      finished,
      live: liveText(f.walk, last, finished),
      ...(steps.some((s) => s.stage === 'response') ? { response: responseText(f.exchange, steps) } : {}),
      granted: this.grantedValue,
    };
  }
}

/** idleView is the view before any request is chosen: every stage idle. */
export function idleView(granted = false): PipelineView {
  return { stages: STAGES.map((s) => ({ ...s, state: 'idle', current: false, summary: '' })), steps: [], total: 0, finished: true, live: '', granted };
}

/** liveText is what the aria-live region says: the current step, then the outcome once all are shown. */
export function liveText(walk: Walkthrough, last: Step | undefined, finished: boolean): string {
  if (!last) return 'Request sent. Press Step or Play to follow it.';
  const now = `${stageLabel(last.stage)}: ${last.text}.`;
  if (!finished) return now;
  const outcome = walk.stoppedAt ? `Stopped at ${stageLabel(walk.stoppedAt)}: ${statusLine(walk.status)}.` : `Done: ${statusLine(walk.status)}.`;
  // A last step that is the response itself would only repeat the status.
  return last.stage === 'response' && !last.event && last.outcome !== 'note' ? outcome : `${now} ${outcome}`;
}

/**
 * responseText is the response as a client reads it: the JSON body (a
 * Status object for an error, as the API server encodes it), or for a watch
 * one JSON event per line, as many as the shown steps have reached.
 */
export function responseText(ex: Exchange, shown: readonly Step[]): string {
  const res = ex.response;
  if (!res) return '(no response)';
  if (res.body !== null) return JSON.stringify(res.body, null, 2);
  const events = shown.filter((s) => s.event).length;
  const lines = ex.events.slice(0, events).map((e) => JSON.stringify(e));
  return [`HTTP/1.1 ${statusLine(res.status)}  (Transfer-Encoding: chunked)`, ...lines].join('\n');
}
