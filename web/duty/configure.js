// The page Teams shows when the duty team adds the duty page as a tab to their channel: it tells
// Teams what the tab opens (/duty on this host) and lets Save go ahead. Outside Teams it says so.
'use strict';
(() => {
  const status = document.getElementById('status');
  const timeout = (ms) => new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
  const script = document.createElement('script');
  script.src = '/tab/assets/teams-js.js';
  script.onerror = () => { status.textContent = 'Microsoft Teams could not be reached. Try adding the tab again.'; };
  script.onload = async () => {
    const teams = window.microsoftTeams;
    try {
      // initialize() never settles outside Teams.
      await Promise.race([teams.app.initialize(), timeout(4000)]);
    } catch {
      status.textContent = 'Open this page from Microsoft Teams: it is shown when the duty page is added as a tab to a channel.';
      return;
    }
    const page = `${location.origin}/duty`;
    teams.pages.config.registerOnSaveHandler((save) => {
      teams.pages.config
        .setConfig({ entityId: 'duty-handoffs', contentUrl: page, websiteUrl: page, suggestedDisplayName: 'Duty handoffs' })
        .then(() => save.notifySuccess(), () => save.notifyFailure('The tab could not be saved. Please try again.'));
    });
    teams.pages.config.setValidityState(true);
    status.textContent = 'Select Save to add the duty handoffs to this channel.';
  };
  document.head.append(script);
})();
