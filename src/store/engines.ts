/**
 * The one engine registry: the engine behind the scenario view (a Web Worker by default,
 * the page where workers are unavailable or the worker fails to start) and the factory the
 * Workloads panel's jobs draw theirs from. Engines are not data: they live here, beside
 * the store, and the store keeps only what they answer.
 */
import { createEngine, createPageEngine, type Engine } from '../worker/worker-engine.ts';

let factory: () => Engine = createEngine;
let session: Engine | null = null;

/** Swap the engine implementation (tests; `?engine=page` is read by createEngine itself). */
export function setEngineFactory(f: () => Engine): void {
  factory = f;
  session?.dispose();
  session = null;
  closeCompareEngine();
}

/** A new engine from the factory (a job's, or the scenario view's). */
export function newEngine(where?: 'page'): Engine {
  return where === 'page' ? createPageEngine() : factory();
}

/** The scenario view's engine. */
export function sessionEngine(): Engine {
  session ??= factory();
  return session;
}

/** Drop the scenario view's engine (it failed): the next call starts another, in the page when `where` says so. */
export function replaceSessionEngine(where?: 'page'): Engine {
  session?.dispose();
  session = newEngine(where);
  return session;
}

let compareSession: Engine | null = null;

/** The second session: the other branch of a branch comparison (two texts need two sessions). */
export function compareEngine(): Engine {
  compareSession ??= factory();
  return compareSession;
}

/** Release the second session (the comparison closed). */
export function closeCompareEngine(): void {
  compareSession?.dispose();
  compareSession = null;
}
