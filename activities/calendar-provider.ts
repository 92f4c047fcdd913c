// Moved to libs/persistence (the API reads calendars too); kept so existing imports still resolve.
export { CalendarProvider } from '@app/persistence';
