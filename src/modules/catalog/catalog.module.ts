import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { RegionsModule } from '../regions/regions.module';
import { PriceFloor } from './price-floor.entity';
import { PriceFloorsController } from './price-floors.controller';
import { PriceFloorsService } from './price-floors.service';
import { Product } from './product.entity';
import { ProductsController } from './products.controller';
import { ProductsService } from './products.service';

@Module({
  imports: [TypeOrmModule.forFeature([Product, PriceFloor]), RegionsModule, AuditModule],
  controllers: [ProductsController, PriceFloorsController],
  providers: [ProductsService, PriceFloorsService],
  exports: [ProductsService, PriceFloorsService],
})
export class CatalogModule {}
