// Moved to libs/persistence (the API's plan preview reads the roster too); kept so existing imports still resolve.
export { rosterSpellsFor } from '@app/persistence';
