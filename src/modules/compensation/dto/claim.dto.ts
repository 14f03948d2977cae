import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { IsCode, IsDecimalAmount } from '../../../common/validation/decorators';
import { CLAIM_STATUSES, type ClaimStatus } from '../compensation-claim.entity';

export class ClaimBasisDto {
  /** Dumped lines in the claimant's territory (a line counts once). */
  lines!: number;
  units!: number;
  /** Units × (floor − price) where sold below the floor (decimal string). */
  floorGap!: string;
  /** Units × the product line's lost-margin rate (decimal string). */
  lostMargin!: string;
}

export class ClaimDto {
  id!: string;
  incidentId!: string;
  claimantCode!: string;
  /** What is owed (decimal string): the proposal or a manager's adjustment. */
  amount!: string;
  proposedAmount!: string;
  @ApiProperty({ enum: CLAIM_STATUSES })
  status!: ClaimStatus;
  basis!: ClaimBasisDto;
  adjustmentReason!: string | null;
  /** Who at the brand proposed, adjusted and decided it: for the brand's staff (null for the claimant). */
  adjustedBy!: string | null;
  proposedBy!: string | null;
  proposedAt!: string;
  decidedBy!: string | null;
  decidedAt!: string | null;
  decisionNote!: string | null;
  paymentRef!: string | null;
  paidAt!: string | null;
}

export class ClaimListDto {
  items!: ClaimDto[];
}

export class ClaimPageDto {
  items!: ClaimDto[];
  nextCursor!: string | null;
}

export class ListClaimsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID('all')
  incidentId?: string;

  @IsOptional()
  @IsIn(CLAIM_STATUSES)
  status?: ClaimStatus;

  @IsCode({ optional: true })
  claimantCode?: string;
}

export class AdjustClaimDto {
  /** The new amount (decimal string, zero or more). */
  @IsDecimalAmount()
  amount!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(2_000)
  reason!: string;
}

export class ApproveClaimDto {
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  note?: string;
}

export class RejectClaimDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(2_000)
  reason!: string;
}

export class PayClaimDto {
  /** The payment's reference (bank transfer, credit note). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  paymentRef!: string;
}
