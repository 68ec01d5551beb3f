export { compile } from './compile.js'
export { codeFrame, formatDiagnostic } from './format.js'
export { REDIS_GLOBALS } from './redis-globals.js'
export type {
  CompileHost,
  CompileOptions,
  CompileResult,
  Diagnostic,
  IncludeSite,
  LintRules,
  RuleLevel,
} from './types.js'
export { generateModule, RUNTIME_MODULE, safeJson, toDefinition } from './codegen.js'
export { GENERATED_SIDECAR_HEADER, generateSidecar, resultType } from './sidecar.js'
export { resolveOptions } from './options.js'
export { decodeUtf8, InvalidUtf8Error, isInvalidUtf8 } from './utf8.js'
export { MAX_INCLUDE_DEPTH } from './render.js'
