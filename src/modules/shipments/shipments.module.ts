import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CodeAggregationsController } from './code-aggregations.controller';
import { CodeAggregationsService } from './code-aggregations.service';
import { Shipment } from './shipment.entity';
import { ShipmentImportService } from './shipment-import.service';
import { ShipmentsController } from './shipments.controller';
import { ShipmentsService } from './shipments.service';

@Module({
  imports: [TypeOrmModule.forFeature([Shipment]), AuditModule],
  controllers: [ShipmentsController, CodeAggregationsController],
  providers: [ShipmentImportService, ShipmentsService, CodeAggregationsService],
  exports: [ShipmentsService],
})
export class ShipmentsModule {}
