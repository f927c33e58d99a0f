/**
 * The sea-surface-temperature study ({@code nabla sst study}) after Zhang et al. (2017): the paper's data split,
 * LSTM against SVR, MLP regressor, persistence and climatology at four time scales, the area model and the
 * online update, written as a Markdown report with figures. Data are read from the folder the command is given;
 * nothing is downloaded.
 */
package nabla.studies.sst;
