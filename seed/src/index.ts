export * from './catalogue.ts';
export * from './demo.ts';
export * from './demo-accounts.ts';
export * from './hierarchy.ts';
export * from './prng.ts';
export * from './reorg-hanoi.ts';
export * from './types.ts';
