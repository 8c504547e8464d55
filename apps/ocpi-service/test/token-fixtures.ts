// The OCPI token the unit and medium specs start from.

/** The specification's example token (mod_tokens, token_put_example.json), with `overrides`. */
export const exampleToken = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  country_code: 'NL',
  party_id: 'TNM',
  uid: '012345678',
  type: 'RFID',
  contract_id: 'NL8ACC12E46L89',
  visual_number: 'DF000-2001-8999-1',
  issuer: 'TheNewMotion',
  group_id: 'DF000-2001-8999',
  valid: true,
  whitelist: 'ALWAYS',
  last_updated: '2015-06-29T22:39:09Z',
  ...overrides,
});
