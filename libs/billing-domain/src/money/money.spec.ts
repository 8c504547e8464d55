import { BillingError, BillingErrorCode } from '../billing-error';
import { Money, type RoundingMode } from './money';

describe('Money', () => {
  it.each<[string, string, RoundingMode, string]>([
    ['0.125', 'EUR', 'HALF_UP', '0.13'],
    ['0.125', 'EUR', 'HALF_EVEN', '0.12'],
    ['0.135', 'EUR', 'HALF_EVEN', '0.14'],
    ['-0.125', 'EUR', 'HALF_UP', '-0.13'],
    ['0.124999', 'EUR', 'HALF_UP', '0.12'],
    ['1234.5', 'JPY', 'HALF_UP', '1235'],
    ['1234.5', 'JPY', 'HALF_EVEN', '1234'],
    ['1.0005', 'BHD', 'HALF_UP', '1.001'],
    ['-0.001', 'EUR', 'HALF_UP', '0.00'],
  ])('rounds %s %s %s to %s', (amount, currency, mode, expected) => {
    expect(Money.of(amount, currency).round(mode).toString()).toBe(expected);
  });

  it('rounds HALF_UP by default', () => {
    expect(Money.of('2.675', 'EUR').round().toString()).toBe('2.68');
  });

  it.each([
    ['12.3', 'EUR', '12.30'],
    ['0.123456', 'EUR', '0.123456'],
    ['1500', 'JPY', '1500'],
    ['1e-7', 'EUR', '0.0000001'],
  ])('writes %s %s as the decimal string %s (toString and toJSON)', (amount, currency, expected) => {
    const money = Money.of(amount, currency);
    expect(money.toString()).toBe(expected);
    expect(JSON.stringify({ money })).toBe(`{"money":"${expected}"}`);
  });

  it('adds exactly where floats do not', () => {
    expect(Money.of('0.1', 'EUR').plus(Money.of('0.2', 'EUR')).equals(Money.of('0.3', 'EUR'))).toBe(true);
    expect(Money.of('19.99', 'EUR').times('3').minus(Money.of('0.97', 'EUR')).toString()).toBe('59.00');
  });

  it.each<[string, () => unknown]>([
    ['plus', () => Money.of('1', 'EUR').plus(Money.of('1', 'USD'))],
    ['minus', () => Money.of('1', 'EUR').minus(Money.of('1', 'USD'))],
    ['compareTo', () => Money.of('1', 'EUR').compareTo(Money.of('1', 'USD'))],
    ['sum', () => Money.sum([Money.of('1', 'USD')], 'EUR')],
  ])('refuses %s across currencies with CurrencyMismatch', (_name, operation) => {
    expect(operation).toThrow(BillingError);
    expect(operation).toThrow(expect.objectContaining({ code: BillingErrorCode.CurrencyMismatch }));
  });

  it.each<[string, () => unknown, BillingErrorCode]>([
    ['an unknown currency', () => Money.of('1', 'XYZ'), BillingErrorCode.UnknownCurrency],
    ['a lower-case code', () => Money.of('1', 'eur'), BillingErrorCode.UnknownCurrency],
    ['a float amount', () => Money.of(0.1, 'EUR'), BillingErrorCode.InvalidAmount],
    ['garbage', () => Money.of('1,5', 'EUR'), BillingErrorCode.InvalidAmount],
    ['infinity', () => Money.of('Infinity', 'EUR'), BillingErrorCode.InvalidAmount],
  ])('rejects %s', (_name, operation, code) => {
    expect(operation).toThrow(expect.objectContaining({ code }));
  });
});
