import { applyDecorators, Type } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiExtraModels, getSchemaPath } from '@nestjs/swagger';

/** OpenAPI for "create one or many": the body is an object or an array; the answer is the object or {items}. */
export function ApiOneOrMany(input: Type<unknown>, output: Type<unknown>, list: Type<unknown>) {
  return applyDecorators(
    ApiExtraModels(input, output, list),
    ApiBody({
      schema: { oneOf: [{ $ref: getSchemaPath(input) }, { type: 'array', items: { $ref: getSchemaPath(input) }, maxItems: 10000 }] },
    }),
    ApiCreatedResponse({
      description: 'The created object, or {items} when an array was sent',
      schema: { oneOf: [{ $ref: getSchemaPath(output) }, { $ref: getSchemaPath(list) }] },
    }),
  );
}
