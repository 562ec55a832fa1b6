import { ApiKeysSettings } from './ApiKeysSettings';
import { CamerasSettings } from './CamerasSettings';
import { DatabaseSettings } from './DatabaseSettings';
import { ModelsSettings } from './ModelsSettings';
import { ModelRegistrySettings } from './ModelRegistrySettings';
import { MqttSettings } from './MqttSettings';
import { NotificationsSettings } from './NotificationsSettings';
import { InferenceSettings } from './InferenceSettings';
import { UsersSettings } from './UsersSettings';
import { MyAccountSettings } from './MyAccountSettings';
import { FinesSettings } from './FinesSettings';
import { useAccess } from '../app/access';
import { PlateReadRates } from './PlateReadRates';
import './settings.css';

/**
 * The settings page: one card per section, in this order, each only for a role that can use it
 * (the signed-in user's own account for everyone).
 */
export function SettingsView() {
  const { can } = useAccess();
  return (
    <div className="settings">
      {can('config') ? <CamerasSettings /> : null}
      {can('config') ? <ModelsSettings /> : null}
      {can('config') ? <ModelRegistrySettings /> : null}
      {can('sync.admin') ? <DatabaseSettings /> : null}
      {can('users') ? <UsersSettings /> : null}
      {can('integrations') ? <MqttSettings /> : null}
      {can('notify.admin') ? <NotificationsSettings /> : null}
      {can('integrations') ? <ApiKeysSettings /> : null}
      {can('config') ? <InferenceSettings /> : null}
      {can('config') ? <PlateReadRates /> : null}
      {can('fines.admin') ? <FinesSettings /> : null}
      <MyAccountSettings />
    </div>
  );
}
