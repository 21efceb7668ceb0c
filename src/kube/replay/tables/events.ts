// Core v1 Events, as the API server prints them (the wide cells: the client hides priority 1).
import { nameColumn, num, obj, since, str, type Printer } from './table';

export const eventPrinter: Printer = {
  columns: [
    { name: 'Last Seen', type: 'string', description: 'The last time the event was seen' },
    { name: 'Type', type: 'string', description: 'Type of this event (Normal, Warning)' },
    { name: 'Reason', type: 'string', description: 'Why the action was taken' },
    { name: 'Object', type: 'string', description: 'The object this event is about' },
    { name: 'Subobject', type: 'string', priority: 1, description: 'The subobject this event is about' },
    { name: 'Source', type: 'string', priority: 1, description: 'The component reporting this event' },
    { name: 'Message', type: 'string', description: 'A human-readable description of the status of this operation' },
    { name: 'First Seen', type: 'string', priority: 1, description: 'The first time the event was seen' },
    { name: 'Count', type: 'integer', priority: 1, description: 'The number of times this event has occurred' },
    { ...nameColumn, priority: 1 },
  ],
  cells(o, now) {
    const e = o as Record<string, unknown>;
    const involved = obj(e.involvedObject);
    const source = obj(e.source);
    const series = e.series ? obj(e.series) : undefined;
    const firstSeen = e.firstTimestamp ? since(e.firstTimestamp, now) : since(e.eventTime, now);
    let lastSeen = e.lastTimestamp ? since(e.lastTimestamp, now) : firstSeen;
    let count = num(e.count);
    if (series) {
      lastSeen = since(series.lastObservedTime, now);
      count = num(series.count);
    } else if (count === 0) count = 1;
    const kind = str(involved.kind).toLowerCase();
    const target = str(involved.name) ? `${kind}/${str(involved.name)}` : kind;
    const component = str(source.component) || str(e.reportingComponent);
    const instance = str(source.host) || str(e.reportingInstance);
    return [
      lastSeen,
      str(e.type),
      str(e.reason),
      target,
      str(involved.fieldPath),
      instance ? `${component}, ${instance}` : component,
      str(e.message).trim(),
      firstSeen,
      count,
      o.metadata.name,
    ];
  },
};
