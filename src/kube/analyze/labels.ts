// Label selectors as the API server evaluates them, and as kubectl -l prints them.
import type { LabelSelector } from './resources';

type Labels = Readonly<Record<string, string>> | null | undefined;

export function selectorMatches(labels: Labels, selector: LabelSelector): boolean {
  const l = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (l[key] !== value) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(l, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(l[e.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(l[e.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        // An operator this code does not know selects nothing, as the API server would refuse it.
        return false;
    }
  }
  return true;
}

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
