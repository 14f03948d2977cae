/**
 * splitCode() of serial-code.ts as SQL expressions over a text column: the
 * numeric suffix is the trailing run of up to 18 digits.
 */
export const codeDigitsSql = (code: string) => `coalesce(substring(btrim(${code}) from '([0-9]{1,18})$'), '')`;
export const codePrefixSql = (code: string) => `left(btrim(${code}), length(btrim(${code})) - length(${codeDigitsSql(code)}))`;
export const codeWidthSql = (code: string) => `length(${codeDigitsSql(code)})`;
export const codeNumberSql = (code: string) => `coalesce(nullif(${codeDigitsSql(code)}, '')::bigint, 0)`;
export const isCodeSql = (code: string) => `(btrim(${code}) ~ '^[^[:space:][:cntrl:]]{1,64}$')`;
