export * from './aggregate.ts';
export * from './api.ts';
export * from './auth-api.ts';
export * from './kpi.ts';
export * from './period.ts';
export * from './status.ts';
