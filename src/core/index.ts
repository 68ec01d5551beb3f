export { compile } from './compile.js'
export { codeFrame, diagnosticFrame, formatDiagnostic, formatDiagnostics } from './format.js'
export { DEFAULT_TARGET, isTarget, TARGETS } from './targets.js'
export type { Target } from './targets.js'
export type {
  CompileHost,
  CompileOptions,
  CompileResult,
  Diagnostic,
  IncludeSite,
  LintRule,
  LintRules,
  RuleLevel,
} from './types.js'
export { generateCommonJsModule, generateModule, RUNTIME_MODULE, safeJson, toDefinition } from './codegen.js'
export { GENERATED_SIDECAR_HEADER, generateSidecar, resultType } from './sidecar.js'
export { DEFAULT_LINT, isLintRule, isRuleLevel, LINT_RULES, RULE_LEVELS } from './lint-rules.js'
export { decodeUtf8, InvalidUtf8Error, isInvalidUtf8 } from './utf8.js'
export { MAX_INCLUDE_DEPTH } from './render.js'
export { isInside } from './resolve.js'
export { createCompileSession } from './session.js'
export type { CompileSession } from './session.js'
