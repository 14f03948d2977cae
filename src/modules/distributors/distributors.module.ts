import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CatalogModule } from '../catalog/catalog.module';
import { RegionsModule } from '../regions/regions.module';
import { Distributor } from './distributor.entity';
import { DistributorsController } from './distributors.controller';
import { DistributorsService } from './distributors.service';
import { TerritoriesService } from './territories.service';
import { TerritoryCheckService } from './territory-check.service';
import { TerritoryGrant } from './territory-grant.entity';
import { TransferPermit } from './transfer-permit.entity';
import { TransferPermitsController } from './transfer-permits.controller';
import { TransferPermitsService } from './transfer-permits.service';

@Module({
  imports: [TypeOrmModule.forFeature([Distributor, TerritoryGrant, TransferPermit]), RegionsModule, CatalogModule, AuditModule],
  controllers: [DistributorsController, TransferPermitsController],
  providers: [DistributorsService, TerritoriesService, TransferPermitsService, TerritoryCheckService],
  exports: [DistributorsService],
})
export class DistributorsModule {}
