import type { Messages } from './catalog';

// Messages of Settings → MQTT (the broker connection that publishes Watcher's events).
export const mqttMessages = {
  'mqtt.title': { es: 'MQTT', en: 'MQTT' },
  'mqtt.intro': {
    es: 'Publica infracciones, alarmas, estado de cámaras y conteos en un broker MQTT.',
    en: 'Publishes infractions, alarms, camera status and counts to an MQTT broker.',
  },
  'mqtt.unavailable': {
    es: 'MQTT necesita el almacén local y una cuenta de administrador.',
    en: 'MQTT needs the local store and an administrator account.',
  },
  'mqtt.enabled': { es: 'Activado', en: 'Enabled' },
  'mqtt.url': { es: 'URL del broker', en: 'Broker URL' },
  'mqtt.username': { es: 'Usuario', en: 'Username' },
  'mqtt.password': { es: 'Contraseña', en: 'Password' },
  'mqtt.passwordStored': {
    es: 'Guardada (deje vacío para conservarla)',
    en: 'Stored (leave empty to keep it)',
  },
  'mqtt.removePassword': { es: 'Quitar la contraseña guardada', en: 'Remove the stored password' },
  'mqtt.caPem': { es: 'Certificado CA (PEM)', en: 'CA certificate (PEM)' },
  'mqtt.rejectUnauthorized': {
    es: 'Verificar el certificado del broker',
    en: 'Verify the broker certificate',
  },
  'mqtt.insecure': {
    es: 'Sin verificar el certificado la conexión no es segura: cualquiera en la red podría hacerse pasar por el broker y leer las credenciales.',
    en: 'Without certificate verification the connection is not secure: anyone on the network could impersonate the broker and read the credentials.',
  },
  'mqtt.clientId': { es: 'ID de cliente', en: 'Client id' },
  'mqtt.topicPrefix': { es: 'Prefijo de temas', en: 'Topic prefix' },
  'mqtt.qos': { es: 'QoS', en: 'QoS' },
  'mqtt.save': { es: 'Guardar', en: 'Save' },
  'mqtt.saved': { es: 'Ajustes MQTT guardados.', en: 'MQTT settings saved.' },
  'mqtt.envOverride': {
    es: 'La URL y las credenciales vienen de WATCHER_MQTT_URL en este equipo y prevalecen sobre lo guardado.',
    en: 'The URL and credentials come from WATCHER_MQTT_URL on this host and override what is saved.',
  },
  'mqtt.state.connected': { es: 'Conectado', en: 'Connected' },
  'mqtt.state.disconnected': { es: 'Desconectado', en: 'Disconnected' },
  'mqtt.state.disabled': { es: 'Desactivado', en: 'Disabled' },
  'mqtt.counters': {
    es: 'Publicados: {published} · En cola: {queued} · Descartados: {dropped}',
    en: 'Published: {published} · Queued: {queued} · Dropped: {dropped}',
  },
  'mqtt.lastError': { es: 'Último error: {error}', en: 'Last error: {error}' },
  'mqtt.error.urlInvalid': {
    es: 'La URL del broker no es válida.',
    en: 'The broker URL is not valid.',
  },
  'mqtt.error.urlProtocol': {
    es: 'La URL debe empezar por mqtt://, mqtts://, ws:// o wss://.',
    en: 'The URL must start with mqtt://, mqtts://, ws:// or wss://.',
  },
  'mqtt.error.urlCredentials': {
    es: 'No ponga usuario ni contraseña en la URL; use sus campos.',
    en: 'Do not put a username or password in the URL; use their fields.',
  },
  'mqtt.error.urlRequired': {
    es: 'Indique la URL del broker para activarlo.',
    en: 'Enter the broker URL to enable it.',
  },
  'mqtt.error.prefix': {
    es: 'El prefijo solo admite letras, números, «-», «_» y «/» entre niveles.',
    en: 'The prefix allows only letters, digits, “-”, “_” and “/” between levels.',
  },
  'mqtt.error.auth': {
    es: 'El broker rechazó el usuario o la contraseña.',
    en: 'The broker refused the username or password.',
  },
  'mqtt.error.refused': {
    es: 'El broker no acepta conexiones en esa dirección.',
    en: 'The broker refuses connections at that address.',
  },
  'mqtt.error.dns': {
    es: 'No se encuentra el nombre del broker.',
    en: 'The broker name is not found.',
  },
  'mqtt.error.tls': {
    es: 'El certificado del broker no es de confianza.',
    en: 'The broker certificate is not trusted.',
  },
  'mqtt.error.connection': {
    es: 'No se pudo conectar con el broker.',
    en: 'Could not connect to the broker.',
  },
} as const satisfies Messages;
