import { Controller, MessageEvent, Req, Sse } from '@nestjs/common';
import type { Request } from 'express';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { AuthService } from '../auth/auth.service';
import { EventsService } from './events.service';

@ApiTags('events')
@Authenticated()
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly auth: AuthService,
  ) {}

  @Sse()
  @Roles('admin', 'channel_manager', 'distributor', 'field_rep')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Server-Sent Events: incidents opened and transitioned, actions taken, claims decided, ... as they happen on any instance',
    description:
      'Each event is `event: <type>` (incident.opened, incident.transitioned, incident.assigned, action.taken, cutoff.lifted, claim.proposed, ' +
      'claim.decided, claim.paid, appeal.filed, appeal.decided, incident.cutoff_breached) with JSON data {type, incidentId, at, ...ids and states}; ' +
      'a `heartbeat` event every EVENTS_HEARTBEAT_MS, at which the credential is checked again: an expired token, a deactivated user, a revoked key or a changed role ends the stream. Managers hear everything; a distributor the incidents it is a party to (claims only its ' +
      'own, appeals only as the offender); a field rep the incidents its sightings opened. Send the bearer token or API key as a header.',
  })
  stream(@CurrentActor() actor: Actor, @Req() request: Request): Observable<MessageEvent> {
    const [apiKey, authorization] = [request.header('x-api-key'), request.header('authorization')];
    const stillValid = async () => {
      const principal = await this.auth.authenticateHeaders(apiKey, authorization);
      return principal.role === actor.role && principal.distributorCode === actor.distributorCode;
    };
    return this.events.streamFor(actor, stillValid);
  }
}
