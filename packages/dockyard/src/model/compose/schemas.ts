// One import for every schema of the model; each concern lives in its own file.
export * from './deploy';
export * from './project';
export * from './service';
export * from './task-template';
export * from './top-level';
