import { compareDecimal, formatDecimal, fromScaled, isBelow, parseDecimal, toScaled } from './money';

describe('money', () => {
  it.each([
    ['12.5', '12.50'],
    ['12.50', '12.50'],
    ['12', '12.00'],
    [12.5, '12.50'],
    [0.1, '0.10'],
    ['0.125', '0.125'],
    ['007.10', '7.10'],
    ['-3.5', '-3.50'],
    ['-0.5', '-0.50'],
    ['-0.0001', '-0.0001'],
    ['-0', '0.00'],
    [' 4.2 ', '4.20'],
  ])('parses %p as %p', (input, expected) => expect(parseDecimal(input)).toBe(expected));

  it.each(['', 'abc', '1.23456', '1e3', '12,50', '1.', '.5', NaN, Infinity, null, {}, '123456789012345'])('refuses %p', (input) => {
    expect(parseDecimal(input)).toBeNull();
  });

  it('compares exactly where binary floating point would not', () => {
    // 0.1 + 0.2 !== 0.3 in floating point
    expect(fromScaled(toScaled('0.1') + toScaled('0.2'))).toBe('0.30');
    expect(compareDecimal(fromScaled(toScaled('0.1') + toScaled('0.2')), '0.3')).toBe(0);
    expect(compareDecimal('10.0001', '10.0000')).toBe(1);
  });

  it('treats a price equal to the floor as not below', () => {
    expect(isBelow('12.50', '12.5')).toBe(false);
    expect(isBelow('12.4999', '12.50')).toBe(true);
    expect(isBelow('13', '12.50')).toBe(false);
  });

  it('formats with at least two decimals', () => {
    expect(formatDecimal('5')).toBe('5.00');
    expect(formatDecimal('5.1000')).toBe('5.10');
    expect(formatDecimal('-0.0000')).toBe('0.00');
    expect(fromScaled(-12345n)).toBe('-1.2345');
    expect(fromScaled(-5000n)).toBe('-0.50');
    expect(fromScaled(-1n)).toBe('-0.0001');
  });
});
