/**
 * The model's vocabulary in one import: plain, serialisable data that leaves the engine.
 * Each concept has its own file; this module only gathers them.
 */
export * from './pasid.ts';
export * from './policy.ts';
export * from './error-code.ts';
export * from './holder.ts';
export * from './space.ts';
export * from './effect.ts';
export * from './outcome.ts';
export * from './snapshot.ts';
