/**
 * The apiserver-watch lab's inside module: it runs in the realm next to the
 * learner's store and plays a scenario with it (inside.play.ts), handing the
 * grader the recorded history as plain data.
 */
import { newStore } from '../../labs/apiserver-watch/store';
import { playWatch, type History, type WatchScenario } from './inside.play';

/** start returns a player of scenario s with the learner's store. */
export function start(s: WatchScenario, seed: string): { play(): History } {
  return { play: () => playWatch(s, seed, newStore) };
}
