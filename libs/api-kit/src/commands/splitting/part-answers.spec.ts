import { LIST_REQUESTS } from './list-requests';
import { mergeAnswers } from './part-answers';

describe('mergeAnswers: one answer from the answers of the parts', () => {
  it('concatenates the result lists in part order', () => {
    const merged = mergeAnswers(LIST_REQUESTS.GetVariables, [
      { getVariableResult: [{ n: 1 }, { n: 2 }] },
      { getVariableResult: [{ n: 3 }] },
    ]);
    expect(merged).toEqual({ getVariableResult: [{ n: 1 }, { n: 2 }, { n: 3 }] });
  });

  it('GetConfiguration: configurationKey and unknownKey each concatenated; an absent list stays absent', () => {
    expect(
      mergeAnswers(LIST_REQUESTS.GetConfiguration, [
        { configurationKey: [{ key: 'A' }] },
        { configurationKey: [{ key: 'B' }], unknownKey: ['C'] },
      ]),
    ).toEqual({
      configurationKey: [{ key: 'A' }, { key: 'B' }],
      unknownKey: ['C'],
    });
    expect(mergeAnswers(LIST_REQUESTS.GetConfiguration, [{ configurationKey: [] }, { configurationKey: [] }])).toEqual({
      configurationKey: [],
    });
  });

  it.each([
    [['Accepted', 'Accepted'], 'Accepted'],
    [['Accepted', 'EmptyResultSet'], 'Accepted'],
    [['EmptyResultSet', 'EmptyResultSet'], 'EmptyResultSet'],
    [['Accepted', 'Rejected', 'NotSupported'], 'Rejected'],
  ])('GetReport statuses %j → %s', (statuses, expected) => {
    expect(
      mergeAnswers(
        LIST_REQUESTS.GetReport,
        statuses.map((status) => ({ status })),
      ).status,
    ).toBe(expected);
  });

  it('SendLocalList: the last answered part decides, with its statusInfo', () => {
    expect(
      mergeAnswers(LIST_REQUESTS.SendLocalList, [{ status: 'Accepted' }, { status: 'Failed', statusInfo: { reasonCode: 'Full' } }]),
    ).toEqual({ status: 'Failed', statusInfo: { reasonCode: 'Full' } });
  });
});
