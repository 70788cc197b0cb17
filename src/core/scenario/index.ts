/** The scenario format in one import: types, schema names, parsing. */
export * from './scenario.ts';
export { parseScenario, parseScenarioText } from './parse.ts';
export { jsonPath, describeValue } from './json-path.ts';
export { PATTERN_FIELDS, MAX_NAME, MAX_TEXT } from './schema.ts';
