import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '../../common/auth/auth.decorators';
import { CommonError } from '../../common/errors/common.errors';
import { splitCode } from '../shipments/domain/serial-code';
import { CodeTraceService } from './code-trace.service';
import { TraceDto, TraceQueryDto } from './dto/trace.dto';

const OUTCOMES =
  'traced (confidence high for a serial, bound alone, in a range or through the case and pallet it was packed in; medium for a lot shipped ' +
  'to one distributor), ambiguous (a lot shipped to several: candidates, no distributor), unknown (never shipped: a possible counterfeit), ' +
  'sku_mismatch (shipped as another SKU than ?sku=). A traced answer lists where the distributor may sell on ?date= (default today).';

/** A path parameter that must be a code (1-64 characters without spaces) or a lot (1-100 characters without control characters). */
function codeParam(value: string, field: 'code' | 'lot'): string {
  const ok = field === 'code' ? splitCode(value) !== null && value === value.trim() : /^[^\u0000-\u001f]{1,100}$/.test(value);
  if (!ok) {
    const message = field === 'code' ? 'code must be 1-64 characters without spaces' : 'lot must be 1-100 characters without control characters';
    throw new CommonError('VALIDATION_FAILED', message, [{ field, problems: [message] }]);
  }
  return value;
}

@ApiTags('trace')
@Authenticated()
@Controller('trace')
export class TraceController {
  constructor(private readonly traces: CodeTraceService) {}

  @Get('lots/:lot')
  @Roles('admin', 'channel_manager', 'field_rep')
  @ApiOperation({ summary: 'Whose goods a lot is: the distributor it was shipped to, from which shipment and date', description: OUTCOMES })
  @ApiOkResponse({ type: TraceDto })
  traceLot(@Param('lot') lot: string, @Query() query: TraceQueryDto): Promise<TraceDto> {
    return this.traces.traceLot(codeParam(lot, 'lot'), query);
  }

  @Get(':code')
  @Roles('admin', 'channel_manager', 'field_rep')
  @ApiOperation({ summary: 'Whose goods a scanned code is: the distributor it was shipped to, from which shipment and date', description: OUTCOMES })
  @ApiOkResponse({ type: TraceDto })
  traceCode(@Param('code') code: string, @Query() query: TraceQueryDto): Promise<TraceDto> {
    return this.traces.traceCode(codeParam(code, 'code'), query);
  }
}
