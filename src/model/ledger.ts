// The verdict ledger's words: what the journal's events and the ledger's state both name.

export const HYPOTHESIS_VERDICTS = ['OPEN', 'PINNED', 'EXONERATED', 'NOT EVIDENCED'] as const;
export type HypothesisVerdict = (typeof HYPOTHESIS_VERDICTS)[number];

export const INCIDENT_SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/** Where a pinned line came from: a whole check result, one evidence line of a check, a timeline entry, a log tail line. */
export const PIN_ORIGINS = ['check', 'evidence', 'timeline', 'log'] as const;
export type PinOrigin = (typeof PIN_ORIGINS)[number];
