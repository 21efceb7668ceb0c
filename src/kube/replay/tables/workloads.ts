// Deployments, ReplicaSets, StatefulSets and DaemonSets, as the API server prints them.
import {
  ageColumn,
  containersAndImages,
  formatLabels,
  formatSelector,
  nameColumn,
  num,
  obj,
  since,
  wideContainerColumns,
  type Obj,
  type Printer,
} from './table';

function parts(o: unknown): { spec: Obj; status: Obj; wide: string[] } {
  const spec = obj(obj(o).spec);
  const [containers, images] = containersAndImages(spec.template);
  return { spec, status: obj(obj(o).status), wide: [containers, images, formatSelector(spec.selector)] };
}

const desired = (spec: Obj) => (typeof spec.replicas === 'number' ? spec.replicas : 1);

export const deploymentPrinter: Printer = {
  columns: [
    nameColumn,
    { name: 'Ready', type: 'string', description: 'Number of the pod with ready state' },
    {
      name: 'Up-to-date',
      type: 'integer',
      description: 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    },
    { name: 'Available', type: 'integer', description: 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.' },
    ageColumn,
    ...wideContainerColumns,
  ],
  cells(o, now) {
    const { spec, status, wide } = parts(o);
    return [
      o.metadata.name,
      `${num(status.readyReplicas)}/${desired(spec)}`,
      num(status.updatedReplicas),
      num(status.availableReplicas),
      since(o.metadata.creationTimestamp, now),
      ...wide,
    ];
  },
};

export const replicaSetPrinter: Printer = {
  columns: [
    nameColumn,
    { name: 'Desired', type: 'integer', description: 'Number of desired pods.' },
    { name: 'Current', type: 'integer', description: 'Number of actual replicas.' },
    { name: 'Ready', type: 'integer', description: 'The number of ready replicas for this replica set.' },
    ageColumn,
    ...wideContainerColumns,
  ],
  cells(o, now) {
    const { spec, status, wide } = parts(o);
    return [o.metadata.name, desired(spec), num(status.replicas), num(status.readyReplicas), since(o.metadata.creationTimestamp, now), ...wide];
  },
};

export const statefulSetPrinter: Printer = {
  columns: [nameColumn, { name: 'Ready', type: 'string', description: 'Number of the pod with ready state' }, ageColumn, ...wideContainerColumns.slice(0, 2)],
  cells(o, now) {
    const { spec, status, wide } = parts(o);
    return [o.metadata.name, `${num(status.readyReplicas)}/${desired(spec)}`, since(o.metadata.creationTimestamp, now), ...wide.slice(0, 2)];
  },
};

export const daemonSetPrinter: Printer = {
  columns: [
    nameColumn,
    { name: 'Desired', type: 'integer', description: 'The total number of nodes that should be running the daemon pod.' },
    { name: 'Current', type: 'integer', description: 'The number of nodes running at least one daemon pod and are supposed to.' },
    {
      name: 'Ready',
      type: 'integer',
      description: 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
    },
    { name: 'Up-to-date', type: 'integer', description: 'The total number of nodes that are running updated daemon pod' },
    {
      name: 'Available',
      type: 'integer',
      description: 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.',
    },
    { name: 'Node Selector', type: 'string', description: 'NodeSelector is a selector which must be true for the pod to fit on a node.' },
    ageColumn,
    ...wideContainerColumns,
  ],
  cells(o, now) {
    const { spec, status, wide } = parts(o);
    return [
      o.metadata.name,
      num(status.desiredNumberScheduled),
      num(status.currentNumberScheduled),
      num(status.numberReady),
      num(status.updatedNumberScheduled),
      num(status.numberAvailable),
      formatLabels(obj(obj(spec.template).spec).nodeSelector),
      since(o.metadata.creationTimestamp, now),
      ...wide,
    ];
  },
};
