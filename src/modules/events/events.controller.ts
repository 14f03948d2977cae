import { Controller, MessageEvent, Sse } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { Authenticated, CurrentActor, Roles } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/roles';
import { EventsService } from './events.service';

@ApiTags('events')
@Authenticated()
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Sse()
  @Roles('admin', 'channel_manager', 'distributor', 'field_rep')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Server-Sent Events: incidents opened and transitioned, actions taken, claims decided, ... as they happen on any instance',
    description:
      'Each event is `event: <type>` (incident.opened, incident.transitioned, incident.assigned, action.taken, cutoff.lifted, claim.proposed, ' +
      'claim.decided, claim.paid, appeal.filed, appeal.decided, incident.cutoff_breached) with JSON data {type, incidentId, at, ...ids and states}; ' +
      'a `heartbeat` event every EVENTS_HEARTBEAT_MS. Managers hear everything; a distributor the incidents it is a party to (claims only its ' +
      'own, appeals only as the offender); a field rep the incidents its sightings opened. Send the bearer token or API key as a header.',
  })
  stream(@CurrentActor() actor: Actor): Observable<MessageEvent> {
    return this.events.streamFor(actor);
  }
}
