import { createFailuresTableSql } from './failures-table';

describe('createFailuresTableSql', () => {
  it('is the text the applied billing and report create-schema migrations ran, to the character', () => {
    expect(createFailuresTableSql('billing_failures')).toBe(
      '\n      CREATE TABLE billing_failures (\n' +
        '        event_id text PRIMARY KEY,\n' +
        '        topic text NOT NULL,\n' +
        '        code text NOT NULL,\n' +
        '        message text NOT NULL,\n' +
        '        payload text NOT NULL,\n' +
        '        failed_at timestamptz NOT NULL DEFAULT now()\n' +
        '      )',
    );
  });
});
