import { IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { IsCode, IsLabel } from '../../../common/validation/decorators';

export class CreateComplaintDto {
  /** Where the dumped goods are being sold. */
  @IsCode()
  regionCode!: string;

  /** The product line dumped (or give the sku). */
  @IsLabel({ optional: true })
  productLine?: string;

  /** The SKU dumped; its product line is the incident's. */
  @IsCode({ optional: true })
  sku?: string;

  /** Who the complainant believes is dumping, if it knows. */
  @IsCode({ optional: true })
  againstDistributorCode?: string;

  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  description!: string;

  /** The complaining distributor, when a channel manager files it on its behalf; a distributor complains as itself. */
  @IsCode({ optional: true })
  complainantCode?: string;
}

export class ComplaintDto {
  id!: string;
  complainantCode!: string;
  regionCode!: string;
  /** The destination province: the incident's. */
  provinceCode!: string;
  productLine!: string;
  sku!: string | null;
  againstDistributorCode!: string | null;
  description!: string;
  /** The incident it opened or joined, with its number and where it stands. */
  incidentId!: string;
  incidentNumber!: string;
  incidentStatus!: string;
  /** Whether this complaint opened the incident (false: it joined one already open). */
  incidentOpened!: boolean;
  createdAt!: string;
}

export class ComplaintPageDto {
  items!: ComplaintDto[];
  nextCursor!: string | null;
}

export class ListComplaintsQueryDto extends PageQueryDto {
  @IsCode({ optional: true })
  complainantCode?: string;

  @IsCode({ optional: true })
  againstDistributorCode?: string;
}
