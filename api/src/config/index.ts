export { loadConfig, parseConfigText, parseTokenList, DEFAULTS, type ConfigEnv } from './load-config.js';
export { SCOPES, type ApiConfig, type ApiToken, type Scope, type LogLevel } from './config-schema.js';
export { parseDuration, formatDuration } from './duration.js';
export { parseByteSize } from './byte-size.js';
