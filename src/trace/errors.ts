// Whether a line looks like an error. Deliberately simple and linear-time: levels,
// well-known failure words, 5xx statuses. `error=nil`-style "no error" fields do not count.

const LEVEL = /\b(?:ERROR|ERR|FATAL|PANIC|CRIT|CRITICAL|SEVERE|EMERG|ALERT)\b|\blevel["']?\s*[=:]\s*["']?(?:error|err|fatal|panic|crit|critical)\b/;
const WORDS =
  /\b(?:error|fatal|panic|exception|traceback|oomkilled|out of memory|deadline exceeded|timed out|timeout|connection refused|connection reset|unreachable|unavailable|failed|failure|crashloopbackoff|segmentation fault)\b/i;
const NOT_AN_ERROR = /\berrors?["']?\s*[=:]\s*["']?(?:nil|null|none|false|0|\[\]|"")(?=$|[\s,}"'])/gi;
const HTTP_5XX =
  /\b(?:status|code|status_code|statusCode|http_status)["']?\s*[=:]\s*["']?5\d\d\b|"\s5\d\d\s|\b5\d\d (?:Service Unavailable|Internal Server Error|Bad Gateway|Gateway Timeout)\b/;
const KLOG_ERROR = /^[EF]\d{4} \d{2}:/;
/** `AssertionError:`, `java.lang.IllegalStateException`, `TimeoutError` — a thrown thing's name. */
const THROWN = /\b[A-Z][A-Za-z]*(?:Error|Exception)\b/;

export function looksLikeError(text: string): boolean {
  if (KLOG_ERROR.test(text) || LEVEL.test(text) || HTTP_5XX.test(text) || THROWN.test(text)) return true;
  if (!WORDS.test(text)) return false;
  return WORDS.test(text.replace(NOT_AN_ERROR, ''));
}
