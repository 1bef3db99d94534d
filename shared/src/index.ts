export * from './admin-api.ts';
export * from './aggregate.ts';
export * from './api.ts';
export * from './auth-api.ts';
export * from './kpi.ts';
export * from './period.ts';
export * from './report-api.ts';
export * from './status.ts';
