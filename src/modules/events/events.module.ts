import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EventListenerService } from './event-listener.service';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  imports: [AuthModule],
  controllers: [EventsController],
  providers: [EventListenerService, EventsService],
})
export class EventsModule {}
