import { useEffect, useState } from 'react';
import type { Workbench } from '../../src/workbench/session';
import type { TailRequest } from '../../src/logs/tail-handle';
import type { WorkloadListing } from '../../src/kube/workloads';
import type { LogFileListing } from '../../src/logs/plan-files';
import { TailWindow } from './TailWindow';
import { WorkloadPicker, type PickerState } from './WorkloadPicker';

interface TailScreenProps {
  workbench: Workbench;
  width: number;
  /** Including the border: neither screen is ever taller. */
  height: number;
  onClose: () => void;
}

/** Log tails: pick a workload (or type a label selector) or one of the plan's log files, then follow it; Esc steps back. */
export function TailScreen({ workbench, width, height, onClose }: TailScreenProps) {
  const [listing, setListing] = useState<WorkloadListing>();
  const [files, setFiles] = useState<LogFileListing>();
  const [picker, setPicker] = useState<PickerState>({ query: '', typing: false });
  const [request, setRequest] = useState<TailRequest>();

  useEffect(() => {
    let open = true;
    workbench.listWorkloads().then(
      (answer) => open && setListing(answer),
      (error: unknown) => open && setListing({ workloads: [], problems: [`listing the workloads failed: ${(error as Error).message}`] }),
    );
    // The files need no cluster: they are listed even when the workloads cannot be.
    workbench.listLogFiles().then(
      (answer) => open && setFiles(answer),
      (error: unknown) => open && setFiles({ files: [], problems: [`listing the log files failed: ${(error as Error).message}`] }),
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
      files={files}
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
