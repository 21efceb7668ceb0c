import { useEffect, useState } from 'react';
import type { Workbench } from '../../src/investigation/session';
import type { TailRequest } from '../../src/kube/tail-handle';
import type { WorkloadListing } from '../../src/kube/workloads';
import { TailWindow } from './TailWindow';
import { WorkloadPicker, type PickerState } from './WorkloadPicker';

interface TailScreenProps {
  workbench: Workbench;
  width: number;
  /** Including the border: neither screen is ever taller. */
  height: number;
  onClose: () => void;
}

/** Log tails: pick a workload (or type a label selector), then follow its pods; Esc steps back. */
export function TailScreen({ workbench, width, height, onClose }: TailScreenProps) {
  const [listing, setListing] = useState<WorkloadListing>();
  const [picker, setPicker] = useState<PickerState>({ query: '', typing: false });
  const [request, setRequest] = useState<TailRequest>();

  useEffect(() => {
    let open = true;
    workbench.listWorkloads().then(
      (answer) => open && setListing(answer),
      (error: unknown) => open && setListing({ workloads: [], problems: [`listing the workloads failed: ${(error as Error).message}`] }),
    );
    return () => {
      open = false;
    };
  }, [workbench]);

  if (request) {
    return <TailWindow workbench={workbench} request={request} width={width} height={height} onBack={() => setRequest(undefined)} onClose={onClose} />;
  }
  return (
    <WorkloadPicker
      listing={listing}
      picker={picker}
      onChange={setPicker}
      onPick={(r) => {
        setPicker((p) => ({ ...p, typing: false }));
        setRequest(r);
      }}
      onClose={onClose}
      width={width}
      height={height}
    />
  );
}
