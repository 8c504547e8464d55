import { sumDecimals } from './decimal-sum';

describe('sumDecimals', () => {
  it.each([
    [['12.50', '0.25'], '12.75'],
    [['0.1', '0.2'], '0.30'],
    [['1', '2'], '3.00'],
    [['12.50', '0.125'], '12.625'],
    [['-1.50', '1.25'], '-0.25'],
    [[], '0.00'],
    [['999999999999.99', '0.01'], '1000000000000.00'],
  ])('%j → %s', (amounts, expected) => expect(sumDecimals(amounts)).toBe(expected));

  it('refuses a non-decimal amount', () => expect(() => sumDecimals(['1e3'])).toThrow(/not a decimal amount/));
});
