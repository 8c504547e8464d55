/** What has arrived of a multi-part report (NotifyReport, NotifyMonitoringReport, …). */
export interface ReportProgress {
  /** seqNos received so far, ascending, without duplicates. */
  seqNos: number[];
  /** seqNo of the part that said it is the last one (tbc false or absent), once received. */
  lastSeqNo: number | null;
}

export interface ReportPart {
  seqNo: number;
  tbc?: boolean;
}

export const EMPTY_PROGRESS: ReportProgress = { seqNos: [], lastSeqNo: null };

/**
 * Adds a part (idempotent: a redelivered part changes nothing). The report is complete when the
 * last part arrived and every part 0..last is there — parts may arrive in any order.
 */
export function addReportPart(progress: ReportProgress, part: ReportPart): { progress: ReportProgress; complete: boolean } {
  const seqNos = progress.seqNos.includes(part.seqNo) ? progress.seqNos : [...progress.seqNos, part.seqNo].sort((a, b) => a - b);
  const lastSeqNo = part.tbc === true ? progress.lastSeqNo : part.seqNo;
  const next = { seqNos, lastSeqNo };
  return { progress: next, complete: isComplete(next) };
}

export function isComplete(progress: ReportProgress): boolean {
  if (progress.lastSeqNo === null) return false;
  for (let seq = 0; seq <= progress.lastSeqNo; seq++) if (!progress.seqNos.includes(seq)) return false;
  return true;
}

/** The natural key of a device-model variable (component/variable, with EVSE and connector). */
export interface DeviceVariableKey {
  componentName: string;
  componentInstance: string;
  /** 0 when the component is not on an EVSE. */
  evseId: number;
  /** 0 when the component is not on a connector. */
  connectorId: number;
  variableName: string;
  variableInstance: string;
}

interface ComponentVariableRef {
  component: { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
  variable: { name: string; instance?: string };
}

export function deviceVariableKey(data: ComponentVariableRef): DeviceVariableKey {
  return {
    componentName: data.component.name,
    componentInstance: data.component.instance ?? '',
    evseId: data.component.evse?.id ?? 0,
    connectorId: data.component.evse?.connectorId ?? 0,
    variableName: data.variable.name,
    variableInstance: data.variable.instance ?? '',
  };
}
