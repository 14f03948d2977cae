import { Module } from '@nestjs/common';
import { EventListenerService } from './event-listener.service';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  controllers: [EventsController],
  providers: [EventListenerService, EventsService],
})
export class EventsModule {}
