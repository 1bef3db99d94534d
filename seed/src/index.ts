export * from './catalogue.ts';
export * from './demo.ts';
export * from './hierarchy.ts';
export * from './prng.ts';
export * from './reorg-hanoi.ts';
export * from './types.ts';
