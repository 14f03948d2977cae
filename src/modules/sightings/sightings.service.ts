import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '../../common/auth/roles';
import { paginate } from '../../common/pagination/pagination';
import { ListSightingsQueryDto, SightingDto, SightingPageDto } from './dto/sighting.dto';
import { Sighting } from './sighting.entity';
import { SightingsError } from './sightings.errors';

/** Whose sightings a caller reads: a field rep its own, managers all of them. */
const ownOnly = (actor: Actor) => actor.role === 'field_rep';

@Injectable()
export class SightingsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(actor: Actor, query: ListSightingsQueryDto): Promise<SightingPageDto> {
    const builder = this.dataSource.getRepository(Sighting).createQueryBuilder('sighting');
    if (ownOnly(actor)) builder.andWhere('sighting.reportedBy = :me', { me: actor.id });
    if (query.regionCode) {
      builder.andWhere(`EXISTS (SELECT 1 FROM region_closure rc WHERE rc.descendant_code = sighting.region_code AND rc.ancestor_code = :region)`, {
        region: query.regionCode,
      });
    }
    if (query.sku) builder.andWhere('sighting.sku = :sku', { sku: query.sku });
    const { rows, nextCursor } = await paginate(builder, query, { column: 'sighting.id', direction: 'DESC', valueOf: (row) => row.id });
    return { items: rows.map((row) => row.result as SightingDto), nextCursor };
  }

  /** A sighting as it was answered when received (its traces and the violations it opened then). */
  async get(actor: Actor, id: string): Promise<SightingDto> {
    return (await this.visible(actor, id)).result as SightingDto;
  }

  /** The sighting, when the caller may see it; else 404, as if it did not exist. */
  async visible(actor: Actor, id: string): Promise<Sighting> {
    const sighting = await this.dataSource.getRepository(Sighting).findOne({ where: { id } });
    if (!sighting || (ownOnly(actor) && sighting.reportedBy !== actor.id)) throw new SightingsError('SIGHTING_NOT_FOUND', `No sighting ${id}`);
    return sighting;
  }
}
