import { ApiKeysSettings } from './ApiKeysSettings';
import { CamerasSettings } from './CamerasSettings';
import { DatabaseSettings } from './DatabaseSettings';
import { ModelsSettings } from './ModelsSettings';
import { MqttSettings } from './MqttSettings';
import { NotificationsSettings } from './NotificationsSettings';
import { InferenceSettings } from './InferenceSettings';
import { UsersSettings } from './UsersSettings';
import { PlateReadRates } from './PlateReadRates';
import './settings.css';

/** The settings page: one card per section, in this order. */
export function SettingsView() {
  return (
    <div className="settings">
      <CamerasSettings />
      <ModelsSettings />
      <DatabaseSettings />
      <UsersSettings />
      <MqttSettings />
      <NotificationsSettings />
      <ApiKeysSettings />
      <InferenceSettings />
      <PlateReadRates />
    </div>
  );
}
