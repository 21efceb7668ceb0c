// Label selectors as the API server evaluates them, and as kubectl -l prints them.
import type { LabelSelector } from './resources';

type Labels = Readonly<Record<string, string>> | null | undefined;

/** `app=checkout,tier in (api,web),!canary`: for `kubectl -l` and list calls. */
export function selectorText(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** The selector keys a set of labels lacks or contradicts, for "why is this pod not selected". */
export function missingLabels(labels: Labels, selector: Readonly<Record<string, string>>): string[] {
  return Object.entries(selector)
    .filter(([k, v]) => labels?.[k] !== v)
    .map(([k, v]) => (labels?.[k] === undefined ? `lacks ${k}=${v}` : `has ${k}=${labels[k]}, not ${v}`));
}
