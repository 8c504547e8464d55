import type { v201 } from '@voltlane/ocpp';
import type { SettingDefinition } from '../../configuration-store';
import { variableKey } from '../../device-model';
import { answer, type HandlerTable } from '../command-handler';
import type { Ocpp2Behaviour } from '../../ocpp201-behaviour';

const DATA_TYPE: Readonly<Record<SettingDefinition['type'], v201.VariableCharacteristicsType['dataType']>> = {
  int: 'integer',
  bool: 'boolean',
  string: 'string',
  csv: 'MemberList',
};

function knownComponent(ctx: Ocpp2Behaviour, component: string): boolean {
  return ctx.variables.keys().some((key) => key.startsWith(`${component}.`));
}

function reportData(ctx: Ocpp2Behaviour): v201.ReportDataType[] {
  return ctx.variables.keys().map((key) => {
    const setting = ctx.variables.get(key) as SettingDefinition;
    const dot = key.indexOf('.');
    return {
      component: { name: key.slice(0, dot) },
      variable: { name: key.slice(dot + 1) },
      variableAttribute: [{ type: 'Actual', value: setting.value, mutability: setting.readonly ? 'ReadOnly' : 'ReadWrite' }],
      variableCharacteristics: {
        dataType: DATA_TYPE[setting.type],
        supportsMonitoring: false,
        ...(setting.allowed ? { valuesList: setting.allowed.join(',') } : {}),
      },
    };
  });
}

/** GetVariables / SetVariables / GetBaseReport (NotifyReport in two parts, the first with tbc). */
export const DEVICE_MODEL_HANDLERS: HandlerTable<Ocpp2Behaviour> = {
  GetVariables(ctx, request) {
    const req = request as unknown as v201.GetVariablesRequest;
    const getVariableResult: v201.GetVariableResultType[] = req.getVariableData.map((item) => {
      const base = {
        component: item.component,
        variable: item.variable,
        ...(item.attributeType ? { attributeType: item.attributeType } : {}),
      };
      const setting = ctx.variables.get(variableKey(item.component.name, item.variable.name));
      if (!setting) return { ...base, attributeStatus: knownComponent(ctx, item.component.name) ? 'UnknownVariable' : 'UnknownComponent' };
      if (item.attributeType && item.attributeType !== 'Actual') return { ...base, attributeStatus: 'NotSupportedAttributeType' };
      return { ...base, attributeStatus: 'Accepted', attributeValue: setting.value };
    });
    return answer({ getVariableResult } satisfies v201.GetVariablesResponse);
  },

  SetVariables(ctx, request) {
    const req = request as unknown as v201.SetVariablesRequest;
    const setVariableResult: v201.SetVariableResultType[] = req.setVariableData.map((item) => {
      const base = {
        component: item.component,
        variable: item.variable,
        ...(item.attributeType ? { attributeType: item.attributeType } : {}),
      };
      const key = variableKey(item.component.name, item.variable.name);
      if (!ctx.variables.has(key))
        return { ...base, attributeStatus: knownComponent(ctx, item.component.name) ? 'UnknownVariable' : 'UnknownComponent' };
      if (item.attributeType && item.attributeType !== 'Actual') return { ...base, attributeStatus: 'NotSupportedAttributeType' };
      const outcome = ctx.variables.change(key, item.attributeValue);
      return { ...base, attributeStatus: outcome === 'Accepted' ? 'Accepted' : 'Rejected' };
    });
    return answer({ setVariableResult } satisfies v201.SetVariablesResponse);
  },

  GetBaseReport(ctx, request) {
    const req = request as unknown as v201.GetBaseReportRequest;
    return answer({ status: 'Accepted' } satisfies v201.GetBaseReportResponse, () => {
      const data = reportData(ctx);
      const half = Math.ceil(data.length / 2);
      const generatedAt = new Date(ctx.station.now()).toISOString();
      const parts = [data.slice(0, half), data.slice(half)];
      parts.forEach((reportDataPart, seqNo) => {
        const notify: v201.NotifyReportRequest = {
          requestId: req.requestId,
          generatedAt,
          seqNo,
          reportData: reportDataPart,
          ...(seqNo < parts.length - 1 ? { tbc: true } : {}),
        };
        // Reports the CSMS asked for may be sent while the Boot is still Pending.
        ctx.station.notify('NotifyReport', notify, { preBoot: true });
      });
    });
  },
};
