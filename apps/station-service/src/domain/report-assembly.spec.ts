import { addReportPart, deviceVariableKey, EMPTY_PROGRESS, type ReportPart, type ReportProgress } from './report-assembly';

function assemble(parts: ReportPart[]): { progress: ReportProgress; complete: boolean }[] {
  let progress = EMPTY_PROGRESS;
  return parts.map((part) => {
    const step = addReportPart(progress, part);
    progress = step.progress;
    return step;
  });
}

describe('addReportPart', () => {
  it.each([
    ['one part, tbc absent', [{ seqNo: 0 }], [true]],
    ['one part, tbc false', [{ seqNo: 0, tbc: false }], [true]],
    ['two parts in order', [{ seqNo: 0, tbc: true }, { seqNo: 1 }], [false, true]],
    [
      'three parts in order',
      [
        { seqNo: 0, tbc: true },
        { seqNo: 1, tbc: true },
        { seqNo: 2, tbc: false },
      ],
      [false, false, true],
    ],
    [
      'last part first',
      [
        { seqNo: 1, tbc: false },
        { seqNo: 0, tbc: true },
      ],
      [false, true],
    ],
    ['a gap stays incomplete', [{ seqNo: 0, tbc: true }, { seqNo: 2 }], [false, false]],
    ['a redelivered part changes nothing', [{ seqNo: 0, tbc: true }, { seqNo: 0, tbc: true }, { seqNo: 1 }], [false, false, true]],
  ])('%s', (_name, parts: ReportPart[], completes: boolean[]) => {
    expect(assemble(parts).map((s) => s.complete)).toEqual(completes);
  });

  it('keeps the seqNos sorted and remembers the last one', () => {
    const steps = assemble([{ seqNo: 2 }, { seqNo: 0, tbc: true }, { seqNo: 1, tbc: true }]);
    expect(steps[2].progress).toEqual({ seqNos: [0, 1, 2], lastSeqNo: 2 });
  });
});

describe('deviceVariableKey', () => {
  it('uses empty instances and EVSE/connector 0 when absent', () => {
    expect(deviceVariableKey({ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } })).toEqual({
      componentName: 'OCPPCommCtrlr',
      componentInstance: '',
      evseId: 0,
      connectorId: 0,
      variableName: 'HeartbeatInterval',
      variableInstance: '',
    });
  });

  it('keeps EVSE, connector and instances', () => {
    expect(
      deviceVariableKey({
        component: { name: 'Connector', instance: 'a', evse: { id: 2, connectorId: 1 } },
        variable: { name: 'AvailabilityState', instance: 'b' },
      }),
    ).toMatchObject({ componentInstance: 'a', evseId: 2, connectorId: 1, variableInstance: 'b' });
  });
});
