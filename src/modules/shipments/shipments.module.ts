import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { Shipment } from './shipment.entity';
import { ShipmentImportService } from './shipment-import.service';
import { ShipmentsController } from './shipments.controller';
import { ShipmentsService } from './shipments.service';

@Module({
  imports: [TypeOrmModule.forFeature([Shipment]), AuditModule],
  controllers: [ShipmentsController],
  providers: [ShipmentImportService, ShipmentsService],
  exports: [ShipmentsService],
})
export class ShipmentsModule {}
