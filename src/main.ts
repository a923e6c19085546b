// Entry point: registers the app shell element.
export {};
