import { types } from 'pg';

// Business dates stay 'YYYY-MM-DD' strings: node-postgres would otherwise make
// them Date objects at local midnight, which shift a day across time zones.
const DATE_OID = 1082;
types.setTypeParser(DATE_OID, (value: string) => value);
