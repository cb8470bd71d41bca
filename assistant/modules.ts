// The module list, in composition order. Each module lives in its own folder with its tests.
import type { Module } from './context';
import { chatModule } from './chat/module';
import { ordersModule } from './orders/module';
import { citizensModule } from './citizens/module';
import { statsModule } from './stats/module';
import { voiceModule } from '../voice/module';
import { widgetsModule } from '../widgets/module';

export function defaultModules(): Module[] {
  return [ordersModule(), citizensModule(), chatModule(), statsModule(), voiceModule(), widgetsModule()];
}
